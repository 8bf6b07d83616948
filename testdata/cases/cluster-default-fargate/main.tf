# The service sets neither launch_type nor a capacity provider strategy; the cluster's default
# strategy (FARGATE with a FARGATE_SPOT share) decides, so the tasks run on Fargate.

resource "aws_ecs_cluster" "jobs" {
  name = "jobs"
}

resource "aws_ecs_cluster_capacity_providers" "jobs" {
  cluster_name       = aws_ecs_cluster.jobs.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 1
  }

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 3
  }
}

resource "aws_ecs_task_definition" "scheduler" {
  family                   = "job-scheduler"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "scheduler"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/scheduler:1.3.2"
      essential = true
      portMappings = [
        {
          containerPort = 7070
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "scheduler" {
  name            = "job-scheduler"
  cluster         = aws_ecs_cluster.jobs.id
  task_definition = aws_ecs_task_definition.scheduler.arn
  desired_count   = 2

  network_configuration {
    subnets         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_groups = [aws_security_group.tasks.id]
  }

  depends_on = [aws_ecs_cluster_capacity_providers.jobs]
}
