# A container and a service whose names carry terminal escapes, Markdown and HTML syntax,
# a team mention, a GitHub workflow command and a line break. Every output must print
# them inert.

locals {
  hostile = "web\u202e\ufeff\u001b[31mRED\u001b[0m|`tick`<!-- hide -->@org/team\n::error::owned %0A line\r\n<script>x</script>"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = local.hostile
    image     = "nginx"
    essential = true
    portMappings = [{
      containerPort = 8080
      hostPort      = 80
    }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = local.hostile
  launch_type     = "FARGATE"
  desired_count   = 2
  task_definition = aws_ecs_task_definition.app.arn
}
