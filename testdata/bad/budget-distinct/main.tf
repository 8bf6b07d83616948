# distinct() and a grouping for over 100000 values: quadratic if compared pairwise.
locals {
  values  = [for i in range(100000) : i % 50000]
  unique  = distinct(local.values)
  grouped = { for i in local.values : tostring(i) => i... }
}

resource "aws_ecs_cluster" "c" {
  name = "${length(local.unique)}-${length(local.grouped)}"
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

