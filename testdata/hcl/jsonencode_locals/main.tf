locals {
  name = "${var.app}-prod"
  env = [
    { name = "PORT", value = tostring(var.container_port) },
  ]
  web = {
    name      = local.name
    image     = "${aws_ecr_repository.app.repository_url}:1.2.3"
    essential = true
    portMappings = [
      { containerPort = var.container_port, hostPort = 80, protocol = "tcp" },
      { containerPort = 9090, hostPort = 0 },
    ]
    environment = local.env
  }
}

resource "aws_ecr_repository" "app" {
  name = var.app
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

# ecsnet:ignore ECS201 bridge mode is deliberate here
resource "aws_ecs_task_definition" "app" {
  family                = local.name
  network_mode          = "bridge"
  container_definitions = jsonencode([local.web])
}

resource "aws_ecs_service" "app" {
  name            = local.name
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = var.desired
  launch_type     = "EC2"
}
