# Near misses: awsvpc on Fargate; bridge on EC2; an EC2-only task definition in host mode.
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
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = "api"
    image        = "public.ecr.aws/nginx/nginx:1.27"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 2
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}

resource "aws_ecs_task_definition" "legacy" {
  family                   = "legacy"
  requires_compatibilities = ["EC2"]
  network_mode             = "host"
  container_definitions = jsonencode([{
    name         = "legacy"
    image        = "public.ecr.aws/nginx/nginx:1.27"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 80 }]
  }])
}

resource "aws_ecs_service" "legacy" {
  name            = "legacy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.legacy.arn
  launch_type     = "EC2"
  desired_count   = 1
}
