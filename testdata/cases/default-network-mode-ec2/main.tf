# Legacy admin service: the task definition never sets network_mode, and the service runs on
# EC2, so ECS uses bridge. The admin UI is published on a fixed host port.

resource "aws_ecs_cluster" "legacy" {
  name = "legacy"
}

resource "aws_ecs_task_definition" "admin" {
  family = "admin"

  container_definitions = jsonencode([
    {
      name      = "admin"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/admin:2024.06"
      essential = true
      cpu       = 256
      memory    = 512
      portMappings = [
        {
          containerPort = 3000
          hostPort      = 8000
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "admin" {
  name            = "admin"
  cluster         = aws_ecs_cluster.legacy.id
  task_definition = aws_ecs_task_definition.admin.arn
  launch_type     = "EC2"
  desired_count   = 2
}
