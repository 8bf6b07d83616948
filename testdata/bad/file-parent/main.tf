resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = file("../../secret")
}

resource "aws_ecs_task_definition" "dotdot" {
  family                = "dotdot"
  network_mode          = "bridge"
  container_definitions = file("${path.module}/../../../../../../../../../../etc/passwd")
}
