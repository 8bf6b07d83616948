# Near misses: awsvpc with hostPort omitted or equal; bridge with a remapped host port.
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  container_definitions = jsonencode([{
    name      = "api"
    image     = "example/api:1.4"
    essential = true
    portMappings = [
      { containerPort = 8080 },
      { containerPort = 9090, hostPort = 9090 },
    ]
  }])
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "example/web:2.0"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 8080, hostPort = 80 }]
  }])
}
