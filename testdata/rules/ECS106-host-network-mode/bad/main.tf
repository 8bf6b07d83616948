# Host networking: each container port is an instance port.
resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host" # expect: ECS106
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "haproxy:2.9"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 443 }]
  }])
}
