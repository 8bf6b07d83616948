locals {
  a = "${local.b}-x"
  b = local.a
  port = 8080
}

resource "aws_ecs_task_definition" "c" {
  family = local.a
  container_definitions = jsonencode([{
    name = "c", image = "c:1", essential = true, memory = 128,
    portMappings = [{ containerPort = local.port }]
  }])
}
