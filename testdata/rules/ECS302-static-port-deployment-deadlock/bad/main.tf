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

# Two tasks holding host port 80 on the two instances the group allows, and none may stop
# first: a rolling deployment can never place a replacement.
resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.web.arn
  desired_count                      = 2
  deployment_minimum_healthy_percent = 100 # expect: ECS302
}

resource "aws_ecs_service" "admin" {
  name            = "admin"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 2 # expect: ECS302
}
