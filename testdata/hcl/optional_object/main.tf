variable "service" {
  type = object({
    name          = string
    port          = optional(number, 8080)
    host_port     = optional(number)
    desired_count = optional(number, 2)
    network_mode  = optional(string, "bridge")
  })
  default = {
    name = "orders"
  }
}

resource "aws_ecs_task_definition" "orders" {
  family       = var.service.name
  network_mode = var.service.network_mode
  container_definitions = jsonencode([{
    name         = var.service.name
    image        = "orders:3"
    essential    = true
    memory       = 256
    portMappings = [{ containerPort = var.service.port, hostPort = coalesce(var.service.host_port, 0) }]
  }])
}

resource "aws_ecs_service" "orders" {
  name            = var.service.name
  task_definition = aws_ecs_task_definition.orders.arn
  desired_count   = var.service.desired_count
}
