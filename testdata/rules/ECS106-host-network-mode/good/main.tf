# Near misses: bridge, awsvpc and the default mode.
resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "haproxy:2.9"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 443, hostPort = 443 }]
  }])
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:1.4"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([{
    name      = "worker"
    image     = "example/worker:1"
    memory    = 256
    essential = true
  }])
}
