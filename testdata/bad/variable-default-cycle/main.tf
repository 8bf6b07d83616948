# Defaults that refer to their own variable, directly and through another one. Terraform
# rejects any reference in a default; ecsnet must not recurse on them.

variable "shards" {
  type    = number
  default = var.shards
}

variable "a" {
  default = var.b
}

variable "b" {
  default = var.a
}

resource "aws_ecs_task_definition" "consumer" {
  count                 = var.shards
  family                = "consumer-${var.a}"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "c", image = "nginx", memory = 128 }])
}

resource "aws_ecs_service" "consumer" {
  count           = var.shards
  name            = "consumer-${count.index}"
  launch_type     = "EC2"
  task_definition = aws_ecs_task_definition.consumer[count.index].arn
}
