resource "aws_ecs_task_definition" "leak" {
  family                = "leak"
  container_definitions = file("../../secret/creds.txt")
}

resource "aws_ecs_task_definition" "etc" {
  family                = "etc"
  container_definitions = file("/etc/passwd")
}

resource "aws_ecs_task_definition" "inside" {
  family                = "inside"
  container_definitions = file("../shared/containers.json")
}

resource "aws_ecs_task_definition" "symlink" {
  family                = "symlink"
  container_definitions = file("../shared/link.txt")
}
