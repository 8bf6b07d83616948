module "up" {
  source = "../../../../../../../../../../../../etc"
}

module "absolute" {
  source = "/etc"
}

module "home" {
  source = "~/.ssh"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}
