variable "families" {
  type = set(string)
}
resource "aws_ecs_task_definition" "this" {
  for_each     = var.families
  family       = each.key
  network_mode = "bridge"
  container_definitions = jsonencode([{ name = "w", image = "nginx", memory = 128, portMappings = [{ containerPort = 80 }] }])
}
output "arns" {
  value = { for k, v in aws_ecs_task_definition.this : k => v.arn }
}
