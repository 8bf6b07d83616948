# Fixture for the Action's inputs (tests/action.rs): var-file changes desired_count,
# workspace changes the family.
variable "desired" {
  type    = number
  default = 1
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_task_definition" "web" {
  family       = "web-${terraform.workspace}"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx:1.27"
    memory       = 256
    portMappings = [{ containerPort = 8080, hostPort = 0 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = var.desired
  launch_type     = "EC2"
}
