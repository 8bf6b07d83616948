resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "agent"
    image        = "example/log-agent:7.1"
    memory       = 128
    essential    = true
    portMappings = [{ containerPort = 8126, hostPort = 8126 }]
  }])
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:3.2"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_service" "agent" {
  name                       = "agent"
  cluster                    = aws_ecs_cluster.main.id
  task_definition            = aws_ecs_task_definition.agent.arn
  scheduling_strategy        = "DAEMON"
  launch_type                = "EC2"
  deployment_maximum_percent = 150 # expect: ECS307
}

# No launch type: ECS applies the cluster's default capacity provider strategy.
resource "aws_ecs_service" "default_strategy_agent" {
  name                = "default-strategy-agent"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.agent.arn
  scheduling_strategy = "DAEMON" # expect: ECS307
}

resource "aws_ecs_service" "strategy_agent" {
  name                = "strategy-agent"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.agent.arn
  scheduling_strategy = "DAEMON"

  capacity_provider_strategy { # expect: ECS307
    capacity_provider = aws_ecs_capacity_provider.ecs.name
    weight            = 1
  }
}

resource "aws_ecs_service" "fargate_agent" {
  name                = "fargate-agent"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.api.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "FARGATE" # expect: ECS307

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}

resource "aws_ecs_service" "blue_green_agent" {
  name                = "blue-green-agent"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.agent.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"

  deployment_controller {
    type = "CODE_DEPLOY" # expect: ECS307
  }
}
