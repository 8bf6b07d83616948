# A 1 MiB separator between 100000 empty strings: 100 GB from two lines.
locals {
  sep   = join("", [for i in range(65536) : "0123456789abcdef"])
  parts = [for i in range(100000) : ""]
}

resource "aws_ecs_cluster" "c" {
  name = substr(join(local.sep, local.parts), 0, 4)
}

resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128, portMappings = [{ containerPort = 80, hostPort = 0 }] }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2
  launch_type     = "EC2"
}

