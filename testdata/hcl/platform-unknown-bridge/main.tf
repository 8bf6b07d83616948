# The platform cannot be known (a variable without a value), but bridge and host tasks run
# only on container instances (EC2 or EXTERNAL): a static host port still allows one task
# per instance. No plan twin: a plan needs the variable's value.
variable "launch_type" {
  type = string
}

resource "aws_ecs_task_definition" "bridge" {
  family       = "bridge"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx"
    memory       = 256
    portMappings = [{ containerPort = 80, hostPort = 8080 }]
  }])
}

resource "aws_ecs_task_definition" "host" {
  family       = "host"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "agent"
    image        = "agent"
    memory       = 128
    portMappings = [{ containerPort = 9000 }]
  }])
}

resource "aws_ecs_service" "bridge" {
  name            = "bridge"
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = var.launch_type
  desired_count   = 2
}

resource "aws_ecs_service" "host" {
  name            = "host"
  task_definition = aws_ecs_task_definition.host.arn
  launch_type     = var.launch_type
  desired_count   = 1
}
