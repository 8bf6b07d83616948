variable "name" {
  type = string
}

module "task" {
  source = "../task"
  family = "${var.name}-app"
  port   = 7000
}

output "task_definition_arn" {
  value = module.task.arn
}

output "replicas" {
  value = 2
}
