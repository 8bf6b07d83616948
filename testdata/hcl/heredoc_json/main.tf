locals {
  port = 3000
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu          = 256
  memory       = 512

  container_definitions = <<-EOT
    [
      {
        "name": "web",
        "image": "nginx:1.27",
        "essential": true,
        "portMappings": [
          { "containerPort": ${local.port}, "hostPort": ${local.port} }
        ]
      }
    ]
  EOT
}
