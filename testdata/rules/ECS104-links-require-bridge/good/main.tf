# Near misses: links in bridge mode (explicit and default); awsvpc with an empty list.
resource "aws_ecs_task_definition" "app" {
  family       = "app"
  network_mode = "bridge"
  container_definitions = jsonencode([
    { name = "app", image = "example/app:2.3", memory = 512, essential = true, links = ["cache"] },
    { name = "cache", image = "redis:7", memory = 256, essential = true },
  ])
}

resource "aws_ecs_task_definition" "legacy" {
  family = "legacy"
  container_definitions = jsonencode([
    { name = "web", image = "example/web:1", memory = 256, essential = true, links = ["db:database"] },
    { name = "db", image = "postgres:16", memory = 512, essential = true },
  ])
}

resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    { name = "api", image = "example/api:1", memory = 512, essential = true, links = [] },
  ])
}
