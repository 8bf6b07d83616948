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

# Near misses: a daemon with the defaults, a daemon with maximum 100 and minimum 50, and
# a REPLICA Fargate service with blue/green deployments. The daemons name `launch_type`:
# the cluster has a default capacity provider strategy, which ECS refuses for daemons.
resource "aws_ecs_service" "agent" {
  name                = "agent"
  cluster             = aws_ecs_cluster.main.id
  task_definition     = aws_ecs_task_definition.agent.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"
}

resource "aws_ecs_service" "agent_tuned" {
  name                               = "agent-tuned"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.agent.arn
  scheduling_strategy                = "DAEMON"
  launch_type                        = "EC2"
  deployment_maximum_percent         = 100
  deployment_minimum_healthy_percent = 50
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  deployment_controller {
    type = "CODE_DEPLOY"
  }

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}
