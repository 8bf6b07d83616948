# Parameters Fargate rejects, on a FARGATE task definition and on one a Fargate service runs.
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
  cpu                      = 512
  memory                   = 1024
  ipc_mode                 = "task" # expect: ECS107
  pid_mode                 = "host" # expect: ECS107
  container_definitions = jsonencode([{
    name       = "api"
    image      = "example/api:1.4"
    essential  = true
    privileged = true                                                   # expect: ECS107
    extraHosts = [{ hostname = "db.internal", ipAddress = "10.0.0.5" }] # expect: ECS107
    linuxParameters = {
      initProcessEnabled = true
      maxSwap            = 1024 # expect: ECS107
      swappiness         = 60   # expect: ECS107
    }
    portMappings = [{ containerPort = 8080 }]
  }])

  placement_constraints { # expect: ECS107
    type       = "memberOf"
    expression = "attribute:ecs.availability-zone in [us-east-1a]"
  }
}

resource "aws_ecs_task_definition" "worker" {
  family       = "worker"
  network_mode = "awsvpc"
  cpu          = 256
  memory       = 512
  container_definitions = jsonencode([{
    name       = "worker"
    image      = "example/worker:2"
    essential  = true
    dnsServers = ["10.0.0.2"] # expect: ECS107
  }])
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.worker.arn
  launch_type     = "FARGATE"
  desired_count   = 1
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
