locals {
  a = local.b
  b = local.c
  c = local.a
}

resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = local.a
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128 }])
}
