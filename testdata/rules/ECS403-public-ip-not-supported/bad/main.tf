# Only Fargate tasks can get a public IP.
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "EC2"
  desired_count   = 2
  network_configuration {
    subnets          = [aws_subnet.a.id]
    assign_public_ip = true # expect: ECS403
  }
}

resource "aws_ecs_task_definition" "jobs" {
  family       = "jobs"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "jobs"
    image        = "example/jobs:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "jobs" {
  name            = "jobs"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.jobs.arn
  desired_count   = 2
  network_configuration {
    subnets          = [aws_subnet.a.id]
    assign_public_ip = true # expect: ECS403
  }
}
