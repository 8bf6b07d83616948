# A precision Rust's formatter cannot take (it panics past 65535).
resource "aws_ecs_cluster" "c" {
  name = format("%.70000f", 1)
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

