variable "name" {
  type = string
}

variable "port" {
  type = number
}

variable "desired" {
  type    = number
  default = 1
}

variable "cluster_id" {
  type = string
}

resource "aws_ecs_task_definition" "this" {
  family       = var.name
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = var.name
    image        = "example/${var.name}:latest"
    essential    = true
    memory       = 256
    portMappings = [{ containerPort = var.port, hostPort = var.port }]
  }])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired
}

output "family" {
  value = aws_ecs_task_definition.this.family
}
