# The image URL comes from an ECR repository created in the same apply, so it is unknown at
# plan time; Terraform then blanks the whole container_definitions string in the plan.

resource "aws_ecr_repository" "app" {
  name                 = "checkout"
  image_tag_mutability = "MUTABLE"
}

resource "aws_ecs_cluster" "checkout" {
  name = "checkout"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "checkout"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "checkout"
      image     = "${aws_ecr_repository.app.repository_url}:latest"
      essential = true
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 8080
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "app" {
  name            = "checkout"
  cluster         = aws_ecs_cluster.checkout.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_groups = [aws_security_group.tasks.id]
  }
}
