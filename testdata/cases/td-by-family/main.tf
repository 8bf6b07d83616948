# The billing service names its task definition by family only ("billing"), so ECS uses the
# latest ACTIVE revision; the task definition is defined in this same root.

resource "aws_ecs_cluster" "finance" {
  name = "finance"
}

resource "aws_ecs_task_definition" "billing" {
  family       = "billing"
  network_mode = "bridge"

  container_definitions = jsonencode([
    {
      name      = "billing"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:12.0.0"
      essential = true
      cpu       = 512
      memory    = 1024
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 8443
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "billing" {
  name            = "billing"
  cluster         = aws_ecs_cluster.finance.id
  task_definition = "billing"
  launch_type     = "EC2"
  desired_count   = 2

  depends_on = [aws_ecs_task_definition.billing]
}
