variable "settings" {
  type = any
  default = {
    web = { port = 8081 }
  }
}

locals {
  web_port    = try(var.settings.web.port, 80)
  worker_port = try(var.settings.worker.port, 9000)
  mode        = try(var.settings.mode, "bridge")
  replicas    = can(tonumber("x")) ? 5 : 3
}

resource "aws_ecs_task_definition" "t" {
  family       = "t"
  network_mode = local.mode
  container_definitions = jsonencode([
    { name = "web", image = "web:1", essential = true, memory = 128,
      portMappings = [{ containerPort = local.web_port, hostPort = local.web_port }] },
    { name = "worker", image = "worker:1", essential = false, memory = 128,
      portMappings = [{ containerPort = local.worker_port, hostPort = 0 }] },
  ])
}

resource "aws_ecs_service" "t" {
  name            = "t"
  task_definition = aws_ecs_task_definition.t.arn
  desired_count   = local.replicas
}
