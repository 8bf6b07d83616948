variable "family" {
  type = string
}

variable "port" {
  type = number
}

variable "host_port" {
  type = number
}

resource "aws_ecs_task_definition" "this" {
  family       = var.family
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    {
      name   = "sidecar"
      image  = "example/envoy:1.30"
      memory = 128
    },
    {
      name   = var.family
      image  = "example/${var.family}:1.0"
      memory = 256
      portMappings = [{
        containerPort = var.port
        hostPort      = var.host_port
      }]
    },
  ])
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
