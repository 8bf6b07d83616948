# Ten module calls per level, eight levels deep, no count anywhere: 10^8 instances.
module "m0" {
  source = "./l1"
}
module "m1" {
  source = "./l1"
}
module "m2" {
  source = "./l1"
}
module "m3" {
  source = "./l1"
}
module "m4" {
  source = "./l1"
}
module "m5" {
  source = "./l1"
}
module "m6" {
  source = "./l1"
}
module "m7" {
  source = "./l1"
}
module "m8" {
  source = "./l1"
}
module "m9" {
  source = "./l1"
}

resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128, portMappings = [{ containerPort = 80, hostPort = 0 }] }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2
  launch_type     = "EC2"
}

