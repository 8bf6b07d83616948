data "template_file" "containers" {
  template = file("${path.module}/containers.tpl")
  vars = {
    port = 5000
  }
}

resource "aws_ecs_task_definition" "registry" {
  family                = "registry"
  network_mode          = "bridge"
  container_definitions = data.template_file.containers.rendered
}
