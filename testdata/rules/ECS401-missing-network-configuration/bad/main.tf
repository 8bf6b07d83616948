# An awsvpc service on EC2 without network_configuration.
resource "aws_ecs_cluster" "main" {
  name = "main"
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

resource "aws_ecs_service" "api" { # expect: ECS401
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "EC2"
  desired_count   = 2
}
