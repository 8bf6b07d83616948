# Fargate needs task-level cpu and memory forming a Fargate size.
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

resource "aws_ecs_task_definition" "small" {
  family                   = "small"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 512 # expect: ECS108
  container_definitions    = jsonencode([{ name = "small", image = "example/small:1", essential = true }])
}

resource "aws_ecs_task_definition" "odd" {
  family                   = "odd"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "3 vCPU" # expect: ECS108
  memory                   = "6 GB"
  container_definitions    = jsonencode([{ name = "odd", image = "example/odd:1", essential = true }])
}

resource "aws_ecs_task_definition" "nomem" { # expect: ECS108
  family                   = "nomem"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  container_definitions    = jsonencode([{ name = "nomem", image = "example/nomem:1", essential = true, memory = 256 }])
}

resource "aws_ecs_task_definition" "big" {
  family       = "big"
  network_mode = "awsvpc"
  cpu          = 4096
  memory       = 32768 # expect: ECS108
  container_definitions = jsonencode([{
    name      = "big"
    image     = "example/big:1"
    essential = true
  }])
}

resource "aws_ecs_service" "big" {
  name            = "big"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.big.arn
  launch_type     = "FARGATE"
  desired_count   = 1
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
