module "app" {
  source = "./modules/app"
  name   = "billing"
}

resource "aws_ecs_service" "billing" {
  name            = "billing"
  task_definition = module.app.task_definition_arn
  desired_count   = module.app.replicas
}
