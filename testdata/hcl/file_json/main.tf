resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = file("${path.module}/containers.json")
}
