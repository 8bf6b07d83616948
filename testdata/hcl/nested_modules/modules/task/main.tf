variable "family" {
  type = string
}

variable "port" {
  type = number
}

resource "aws_ecs_task_definition" "this" {
  family       = var.family
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "app"
    image        = "example/app:1"
    essential    = true
    memory       = 256
    portMappings = [{ containerPort = var.port }]
  }])
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
