variable "ports" {
  type    = list(number)
  default = [80, 443]
}

resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = templatefile("${path.module}/containers.json.tpl", {
    name  = "proxy"
    ports = var.ports
  })
}
