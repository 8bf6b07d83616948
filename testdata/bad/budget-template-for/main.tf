# A template loop inside a template loop over range(100000).
locals {
  text = "%{for i in range(100000)}%{for j in range(100000)}x%{endfor}%{endfor}"
}

resource "aws_ecs_cluster" "c" {
  name = substr(local.text, 0, 4)
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

