resource "aws_ecs_task_definition" "ok" {
  family = "ok"
  container_definitions = jsonencode([{ name = "ok", image = "ok:1", portMappings = [{ containerPort = 80 }] }])
}
