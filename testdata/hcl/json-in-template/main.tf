# A container-definition module that returns `"[${jsonencode(def)}]"` (cloudposse's idiom):
# the image is known only after apply, the ports stay known.
resource "aws_ecr_repository" "app" {
  name = "app"
}

module "container" {
  source = "./container"
  name   = "app"
  image  = "${aws_ecr_repository.app.repository_url}:v1"
  port_mappings = [
    { containerPort = 8080, hostPort = 0, protocol = "tcp" },
    { containerPort = 9090, hostPort = 9090, protocol = "tcp" },
  ]
}

resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = module.container.json_map_encoded_list
}

resource "aws_ecs_service" "app" {
  name            = "app"
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "EC2"
  desired_count   = 2
}
