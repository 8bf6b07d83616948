resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = templatefile("${path.module}/defs.tpl", { name = "web" })
}
