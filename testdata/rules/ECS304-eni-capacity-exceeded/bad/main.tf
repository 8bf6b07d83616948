resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:3.2"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

# c5.large holds 2 awsvpc tasks without ENI trunking; the group allows 2 instances: 4 ENIs.
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 5 # expect: ECS304

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}

# 4 tasks fill all 4 slots and none may stop first: a deployment cannot place a replacement.
resource "aws_ecs_service" "jobs" {
  name            = "jobs"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 4 # expect: ECS304

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
