# Near misses: EXTERNAL with bridge (explicit and default); awsvpc on EC2.
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

resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EXTERNAL"]
  network_mode             = "bridge"
  container_definitions = jsonencode([{
    name      = "agent"
    image     = "example/agent:1.2"
    memory    = 256
    essential = true
  }])
}

resource "aws_ecs_task_definition" "edge" {
  family = "edge"
  container_definitions = jsonencode([{
    name         = "edge"
    image        = "example/edge:3.1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "edge" {
  name            = "edge"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.edge.arn
  launch_type     = "EXTERNAL"
  desired_count   = 2
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

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "EC2"
  desired_count   = 2
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
