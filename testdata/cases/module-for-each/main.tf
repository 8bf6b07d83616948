# Two services built from one local module with for_each: the API on Fargate (awsvpc) and a
# queue worker on EC2 in bridge mode with a fixed host port for its admin endpoint.

resource "aws_ecs_cluster" "platform" {
  name = "platform"
}

locals {
  services = {
    api = {
      image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:4.0.1"
      launch_type    = "FARGATE"
      network_mode   = "awsvpc"
      container_port = 8080
      host_port      = null
      desired_count  = 3
    }
    worker = {
      image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:4.0.1"
      launch_type    = "EC2"
      network_mode   = "bridge"
      container_port = 9000
      host_port      = 9000
      desired_count  = 2
    }
  }
}

module "svc" {
  source   = "./modules/service"
  for_each = local.services

  name               = each.key
  cluster_id         = aws_ecs_cluster.platform.id
  image              = each.value.image
  launch_type        = each.value.launch_type
  network_mode       = each.value.network_mode
  container_port     = each.value.container_port
  host_port          = each.value.host_port
  desired_count      = each.value.desired_count
  subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids = [aws_security_group.tasks.id]
  execution_role_arn = aws_iam_role.execution.arn
}
