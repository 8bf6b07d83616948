# Near misses: hostname in bridge mode; awsvpc without hostname.
resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "example/web:1"
    memory       = 256
    essential    = true
    hostname     = "web"
    portMappings = [{ containerPort = 80 }]
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
