resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = file("/etc/passwd")
}

resource "aws_ecs_task_definition" "tmpl" {
  family                = "tmpl"
  network_mode          = "bridge"
  container_definitions = templatefile("/etc/passwd", {})
}

resource "aws_ecs_task_definition" "proc" {
  family                = "proc"
  network_mode          = "bridge"
  container_definitions = file("/proc/self/environ")
}
