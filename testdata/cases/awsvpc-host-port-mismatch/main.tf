# Payments on Fargate: the app container maps hostPort 8081 to containerPort 8080, which
# awsvpc forbids; the metrics sidecar sets hostPort equal to containerPort, which is fine.

resource "aws_ecs_cluster" "payments" {
  name = "payments"
}

resource "aws_ecs_task_definition" "payments" {
  family                   = "payments"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "1024"
  memory                   = "2048"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments:7.2.0"
      essential = true
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 8081
          protocol      = "tcp"
        }
      ]
    },
    {
      name      = "metrics"
      image     = "public.ecr.aws/bitnami/node-exporter:1.8.2"
      essential = false
      portMappings = [
        {
          containerPort = 9100
          hostPort      = 9100
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "payments" {
  name            = "payments"
  cluster         = aws_ecs_cluster.payments.id
  task_definition = aws_ecs_task_definition.payments.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_groups = [aws_security_group.tasks.id]
  }
}
