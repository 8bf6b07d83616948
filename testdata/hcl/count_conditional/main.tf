variable "enabled" {
  type    = bool
  default = true
}

variable "worker_enabled" {
  type    = bool
  default = false
}

resource "aws_ecs_task_definition" "app" {
  count        = var.enabled ? 1 : 0
  family       = "app-${count.index}"
  network_mode = "host"
  container_definitions = jsonencode([{
    name = "app", image = "app:1", essential = true, memory = 128,
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_ecs_task_definition" "worker" {
  count        = var.worker_enabled ? 1 : 0
  family       = "worker"
  container_definitions = jsonencode([{ name = "w", image = "w:1", essential = true, memory = 128 }])
}

resource "aws_ecs_service" "app" {
  count           = length(aws_ecs_task_definition.app)
  name            = "app"
  task_definition = aws_ecs_task_definition.app[count.index].arn
  desired_count   = 2
}
