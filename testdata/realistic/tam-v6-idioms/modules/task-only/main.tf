variable "family" {
  type = string
}

variable "port" {
  type = number
}

resource "aws_ecs_task_definition" "this" {
  family       = var.family
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "public.ecr.aws/nginx/nginx:1.27"
    essential    = true
    memory       = 256
    portMappings = [{ containerPort = var.port, hostPort = 0 }]
  }])
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
