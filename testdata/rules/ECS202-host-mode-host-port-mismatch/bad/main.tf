# Host mode cannot remap ports: hostPort must be omitted or equal containerPort.
resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = jsonencode([
    {
      name      = "proxy"
      image     = "haproxy:2.9"
      memory    = 256
      essential = true
      portMappings = [
        { containerPort = 443, hostPort = 443 },
        {
          containerPort = 8404
          hostPort      = 9404 # expect: ECS202
        },
      ]
    },
    {
      name         = "exporter"
      image        = "example/exporter:1"
      memory       = 64
      essential    = false
      portMappings = [{ containerPort = 9100, hostPort = 9101, protocol = "tcp" }] # expect: ECS202
    },
  ])
}
