# Near misses: host mode with equal or omitted host ports; remapping in bridge mode.
resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = jsonencode([{
    name      = "proxy"
    image     = "haproxy:2.9"
    memory    = 256
    essential = true
    portMappings = [
      { containerPort = 443, hostPort = 443 },
      { containerPort = 8404 },
    ]
  }])
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx:1.27"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 8080, hostPort = 80 }]
  }])
}
